// The review page: pairs side by side; s = same, d = different, u = unsure on the current pair,
// j / k move between pairs. Each judgement is posted to /api/judgements.
(function () {
  "use strict";
  const ng = window.newsgraph;
  const VERDICTS = { s: "same", d: "different", u: "unsure" };

  function pairs() {
    return Array.from(document.querySelectorAll("#pairs li.pair"));
  }

  function current() {
    return document.querySelector("#pairs li.pair.current");
  }

  function select(pair) {
    pairs().forEach((p) => p.classList.remove("current"));
    if (!pair) return;
    pair.classList.add("current");
    pair.focus({ preventScroll: true });
    pair.scrollIntoView({ block: "nearest" });
  }

  function next(from) {
    const all = pairs();
    const start = from ? all.indexOf(from) + 1 : 0;
    return all.slice(start).find((p) => !p.classList.contains("done")) || null;
  }

  async function judge(pair, verdict) {
    if (!pair || pair.classList.contains("done")) return;
    const result = pair.querySelector(".result");
    try {
      const answer = await ng.judge(pair.dataset.a, pair.dataset.b, verdict);
      pair.classList.add("done", "judged-" + verdict);
      pair.dataset.verdict = verdict;
      result.textContent = verdict + (answer.together ? " (now one entity)" : "");
      select(next(pair));
    } catch (error) {
      result.textContent = "not recorded: " + error.message;
    }
  }

  ng.ready(() => {
    select(next(null));
    pairs().forEach((pair) => {
      pair.addEventListener("click", () => select(pair));
      pair.querySelectorAll("button.judge").forEach((button) =>
        button.addEventListener("click", (event) => {
          event.stopPropagation();
          select(pair);
          judge(pair, button.dataset.verdict);
        })
      );
    });
    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const tag = (event.target && event.target.tagName) || "";
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
      const key = event.key.toLowerCase();
      if (VERDICTS[key]) {
        event.preventDefault();
        judge(current(), VERDICTS[key]);
      } else if (key === "j") {
        select(next(current()) || current());
      } else if (key === "k") {
        const all = pairs();
        const at = all.indexOf(current());
        if (at > 0) select(all[at - 1]);
      }
    });
  });
})();
