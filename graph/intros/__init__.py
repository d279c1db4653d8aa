"""Intro requests: a seller asks someone (a colleague, a contact, a partner's contact) for an
introduction to a person at an account; the request moves through dated, attributed states and
an introduction made strengthens our map (a KNOWS with source ``introduction``)."""
