// Starts GraphiQL against this server's /graphql. Served by the API itself (no CDN): the page's
// Content-Security-Policy allows scripts from this origin only, so this file holds all the code.
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var fetcher = GraphiQL.createFetcher({ url: window.location.origin + "/graphql" });
  var defaultQuery = [
    "# Put your credential in the Headers tab below, e.g.",
    '#   {"Authorization": "Bearer <API key>"}',
    "# (make run prints the demo key), then run this query with Ctrl-Enter.",
    "",
    "query Viewer {",
    "  viewer {",
    "    workspace",
    "    role",
    "  }",
    "}",
    "",
  ].join("\n");
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultEditorToolsVisibility: "headers",
      shouldPersistHeaders: true,
    })
  );
})();
