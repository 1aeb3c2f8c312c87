// Didban dashboard: link the side lists of an article page to their spans in the text.
// Hovering (or focusing) a statement, event or label in the side list lights up its spans; hovering a
// span in the text lights up its side-list items. No library, no inline handlers (the CSP forbids them).
"use strict";

(function () {
  function spansOf(ref) {
    return document.querySelectorAll('.text .hl[data-refs~="' + ref + '"], .title .hl[data-refs~="' + ref + '"]');
  }

  function setActive(ref, on) {
    spansOf(ref).forEach(function (el) { el.classList.toggle("active", on); });
    document.querySelectorAll('.ref[data-ref="' + ref + '"]').forEach(function (el) {
      el.classList.toggle("active", on);
    });
  }

  function safeRef(ref) {
    return /^[A-Za-z0-9_-]+$/.test(ref || "");
  }

  document.querySelectorAll(".ref[data-ref]").forEach(function (item) {
    var ref = item.getAttribute("data-ref");
    if (!safeRef(ref)) return;
    var on = function () { setActive(ref, true); };
    var off = function () { setActive(ref, false); };
    item.addEventListener("mouseenter", on);
    item.addEventListener("mouseleave", off);
    item.addEventListener("focus", on);
    item.addEventListener("blur", off);
    item.addEventListener("click", function (event) {
      if (event.target.closest("a")) return; // a link inside the item keeps its meaning
      var first = spansOf(ref)[0];
      if (first) first.scrollIntoView({ behavior: "smooth", block: "center" });
    });
  });

  document.querySelectorAll(".text .hl[data-refs]").forEach(function (span) {
    var refs = (span.getAttribute("data-refs") || "").split(" ").filter(function (r) {
      return r.charAt(0) !== "m" && safeRef(r); // mentions have no side-list item of their own
    });
    if (!refs.length) return;
    span.addEventListener("mouseenter", function () { refs.forEach(function (r) { setActive(r, true); }); });
    span.addEventListener("mouseleave", function () { refs.forEach(function (r) { setActive(r, false); }); });
  });
})();
