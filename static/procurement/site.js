// Enhancements only: every page works without this file.
// (The language menu keeps its button: submitting on "change" would fire on every arrow key
// for keyboard users.)
(function () {
  document.addEventListener("keydown", function (event) {
    // "/" focuses the search box, as on many sites, unless the reader is typing already.
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      var box = document.getElementById("site-q");
      if (box) { event.preventDefault(); box.focus(); }
    }
  });
})();
