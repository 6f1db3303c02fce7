// coach serve's page script (moved out of textual-serve's page so the CSP can forbid inline code):
// the Start and Restart buttons reload the page, keeping its query (the font size). The secret leaves the
// address bar at once (a shared or projected screen shows none); the cookie set with this page carries it.
"use strict";

(() => {
  const url = new URL(window.location.href);
  if (url.searchParams.has("token")) {
    url.searchParams.delete("token");
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
})();

function getStartUrl() {
  const url = new URL(window.location.href);
  const params = new URLSearchParams(url.search);
  params.delete("delay");
  return url.pathname + "?" + params.toString();
}

function refresh() {
  window.location.href = getStartUrl();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.restart")) {
    button.addEventListener("click", refresh);
  }
});
