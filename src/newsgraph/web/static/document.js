// The document page: the statement named in the URL (#s-ID) is marked and scrolled into view;
// hovering a statement in the list marks its sentence.
(function () {
  "use strict";
  function segmentsOf(id) {
    return Array.from(document.querySelectorAll("#doc-text .ev")).filter((el) =>
      (el.dataset.s || "").split(" ").includes(id)
    );
  }

  function mark(id, cls) {
    document.querySelectorAll("#doc-text ." + cls).forEach((el) => el.classList.remove(cls));
    const found = segmentsOf(id);
    found.forEach((el) => el.classList.add(cls));
    return found;
  }

  function fromHash() {
    const hash = decodeURIComponent(window.location.hash.slice(1));
    if (!hash.startsWith("s-")) return;
    const id = hash.slice(2);
    const found = mark(id, "target");
    const anchor = document.getElementById(hash);
    (anchor || found[0] || document.body).scrollIntoView({ block: "center" });
    const item = document.getElementById("item-" + id);
    if (item) item.classList.add("target");
  }

  window.newsgraph.ready(() => {
    fromHash();
    window.addEventListener("hashchange", fromHash);
    document.querySelectorAll("#statement-list a.goto").forEach((link) => {
      link.addEventListener("mouseenter", () => mark(link.dataset.s, "hover"));
      link.addEventListener("mouseleave", () => mark("", "hover"));
    });
  });
})();
