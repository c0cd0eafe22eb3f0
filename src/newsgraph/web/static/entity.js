// The profile page: the role timeline (vis-timeline) and the same / different / unsure buttons.
(function () {
  "use strict";
  const ng = window.newsgraph;

  function drawTimeline() {
    const holder = document.getElementById("timeline");
    const data = JSON.parse(document.getElementById("timeline-data").textContent || "[]");
    if (!holder || !data.length || !window.vis) return;
    const items = data.map((item) => {
      // vis-timeline takes an element as content: the text stays text.
      const link = document.createElement("a");
      link.href = item.href;
      link.textContent = item.text;
      return { id: item.id, group: item.group, start: item.start, content: link, type: "point" };
    });
    const groups = [
      { id: "roles", content: "roles and posts" },
      { id: "events", content: "events" },
    ].filter((g) => data.some((item) => item.group === g.id));
    // The window spans every item, with a margin on each side.
    const times = data.map((item) => Date.parse(item.start)).filter((t) => !Number.isNaN(t));
    const first = Math.min(...times);
    const last = Math.max(...times);
    const pad = Math.max((last - first) * 0.08, 20 * 86400000);
    const timeline = new vis.Timeline(holder, new vis.DataSet(items), new vis.DataSet(groups), {
      stack: true,
      zoomable: true,
      margin: { item: 6 },
      orientation: "top",
      start: new Date(first - pad),
      end: new Date(last + pad * 4),
    });
    holder.dataset.items = String(items.length);
    timeline.on("select", (event) => {
      const chosen = data.find((item) => item.id === event.items[0]);
      if (chosen) window.location.href = chosen.href;
    });
  }

  function wireJudgements() {
    document.querySelectorAll("#judgements button.judge").forEach((button) => {
      button.addEventListener("click", async () => {
        const row = button.closest("tr");
        row.classList.add("busy");
        try {
          const answer = await ng.judge(row.dataset.a, row.dataset.b, button.dataset.verdict);
          ng.notice("Recorded: " + button.dataset.verdict);
          // The entity may now be part of another cluster: open the profile it belongs to.
          window.location.assign(ng.entityUrl(answer.canonical_a || row.dataset.a));
        } catch (error) {
          row.classList.remove("busy");
          ng.notice("Not recorded: " + error.message);
        }
      });
    });
  }

  ng.ready(() => {
    drawTimeline();
    wireJudgements();
  });
})();
