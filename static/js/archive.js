/* Progressive enhancement only: every page works without this file. */
(function () {
  "use strict";
  // Changing the order of results submits the search form at once (the button still works).
  document.querySelectorAll("select.js-autosubmit").forEach(function (select) {
    select.addEventListener("change", function () {
      if (select.form) { select.form.requestSubmit ? select.form.requestSubmit() : select.form.submit(); }
    });
  });
  // Citations: a "Copy" button next to each format, where the clipboard is available.
  var labels = document.body.dataset;
  if (navigator.clipboard) {
    document.querySelectorAll("#cite-plain, #cite-bibtex, #cite-ris").forEach(function (block) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy-button";
      button.textContent = labels.copyLabel || "Copy";
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(block.textContent.trim()).then(function () {
          button.textContent = labels.copiedLabel || "Copied";
        });
      });
      block.insertAdjacentElement("afterend", button);
    });
  }
})();
