// Filters the findings table by severity and rule. The page works without
// it: every finding is then shown.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[data-filter]");
  var rows = document.querySelectorAll("#findings tbody tr");
  var shown = document.getElementById("shown");
  function apply() {
    var off = {};
    boxes.forEach(function (b) { if (!b.checked) { off[b.dataset.filter + "\u0000" + b.value] = true; } });
    var n = 0;
    rows.forEach(function (r) {
      var show = !off["severity\u0000" + r.dataset.severity] && !off["rule\u0000" + r.dataset.rule];
      r.hidden = !show;
      if (show) { n++; }
    });
    if (shown) { shown.textContent = String(n); }
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  document.documentElement.classList.add("js");
  apply();
})();
