// storyline report: a click on a highlighted passage goes back to the item that linked to it.
(function () {
  "use strict";
  var lastLink = null;
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest ? ev.target.closest('a[href^="#span-"]') : null;
    if (link) { lastLink = link; return; }
    var mark = ev.target.closest ? ev.target.closest("mark[id]") : null;
    if (mark && lastLink && location.hash === "#" + mark.id) {
      lastLink.scrollIntoView({ block: "center" });
      lastLink.focus();
      history.replaceState(null, "", location.pathname);
    }
  });
  document.body.setAttribute("data-js", "ok");
})();
