// The SPARQL editor page: YASGUI (from npm, served from node_modules) on our endpoint.
(function () {
  "use strict";
  const endpoint = window.location.origin + "/sparql";
  document.getElementById("endpoint-url").textContent = endpoint;
  const examples = JSON.parse(document.getElementById("examples-data").textContent);
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    // No autocompleters that call web services (prefix.cc, LOV): the explorer stays offline.
    yasqe: { autocompleters: ["variables"], resizeable: true, editorHeight: "320px" },
    persistenceId: "jeugdgraaf-explorer",
  });
  function load(index) {
    const tab = yasgui.getTab();
    tab.setQuery(examples[index].sparql);
    tab.getYasqe().query();
  }
  document.querySelectorAll("#example-list a").forEach(function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      load(Number(a.dataset.index));
    });
  });
  window.jeugdgraafYasgui = yasgui;
})();
