// The reveal page: a copy button per value, and the values hidden again (removed from
// the page, not only from view) after data-hide-after seconds or on "Hide now".
"use strict";
(function () {
  const box = document.getElementById("revealed-secrets");
  if (!box) return;
  let left = parseInt(box.dataset.hideAfter, 10) || 60;
  const counter = document.getElementById("reveal-countdown");

  function hide() {
    for (const pre of box.querySelectorAll("pre.revealed-secret")) {
      pre.textContent = "";
      pre.classList.add("hidden-secret");
      pre.textContent = "hidden again";
    }
    for (const button of box.querySelectorAll("button[data-copy]")) button.hidden = true;
    const hideButton = document.getElementById("reveal-hide-now");
    if (hideButton) hideButton.hidden = true;
    box.dataset.hidden = "true";
    if (counter) counter.textContent = "Hidden. Reveal again if you still need a value (it is recorded again).";
    clearInterval(timer);
  }

  async function copy(button) {
    const pre = document.getElementById(button.dataset.copy);
    if (!pre || box.dataset.hidden === "true") return;
    const text = pre.textContent;
    try {
      await navigator.clipboard.writeText(text);
    } catch (error) {
      // Older browsers, or no clipboard permission: copy the selection instead.
      const range = document.createRange();
      range.selectNodeContents(pre);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      document.execCommand("copy");
      selection.removeAllRanges();
    }
    const label = button.textContent;
    button.textContent = "Copied";
    setTimeout(function () { button.textContent = label; }, 1500);
  }

  for (const button of box.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", function () { copy(button); });
  }
  const hideNow = document.getElementById("reveal-hide-now");
  if (hideNow) hideNow.addEventListener("click", hide);

  function tick() {
    left -= 1;
    if (counter) counter.textContent = "Hidden again in " + left + " s.";
    if (left <= 0) hide();
  }
  const timer = setInterval(tick, 1000);
  if (counter) counter.textContent = "Hidden again in " + left + " s.";
})();
