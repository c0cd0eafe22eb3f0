// Shared helpers of the pages: posting a judgement (with the server's token when it needs one)
// and a status line. Text from the server is always put in with textContent, never as HTML.
(function () {
  "use strict";
  const TOKEN_KEY = "newsgraph-token";

  function notice(text) {
    const box = document.getElementById("notice");
    if (!box) return;
    box.textContent = text;
    box.classList.add("shown");
    window.clearTimeout(notice.timer);
    notice.timer = window.setTimeout(() => box.classList.remove("shown"), 4000);
  }

  function askToken() {
    return new Promise((resolve) => {
      const box = document.getElementById("token-box");
      const form = document.getElementById("token-form");
      const input = document.getElementById("token-input");
      box.hidden = false;
      input.focus();
      form.addEventListener("submit", function once(event) {
        event.preventDefault();
        form.removeEventListener("submit", once);
        sessionStorage.setItem(TOKEN_KEY, input.value);
        box.hidden = true;
        resolve(input.value);
      });
    });
  }

  async function post(url, body, retried) {
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = "Bearer " + token;
    const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
    if (response.status === 401 && !retried) {
      await askToken();
      return post(url, body, true);
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error((data.code ? data.code + " " : "") + (data.error || response.statusText));
    }
    return data;
  }

  // verdict: same | different | unsure; a and b: entity or canonical ids.
  function judge(a, b, verdict, note) {
    return post("/api/judgements", { a, b, verdict, note: note || null });
  }

  function entityUrl(id) {
    return "/entities/" + encodeURIComponent(id);
  }

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  window.newsgraph = { notice, judge, entityUrl, post, ready };
})();
