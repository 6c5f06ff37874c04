// Self-check questions: pick an answer, see whether it was right, keep a score. No server needed.
(function () {
  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var questions = root.querySelectorAll(".rb-q");
    var score = root.querySelector(".rb-quiz__score");
    function update() {
      var answered = root.querySelectorAll(".rb-q.is-answered").length;
      var right = root.querySelectorAll(".rb-q.is-right").length;
      score.textContent = answered ? "Score: " + right + " / " + answered + " answered (" + questions.length + " questions)" : "";
    }
    questions.forEach(function (q) {
      q.querySelectorAll(".rb-q__choice").forEach(function (button) {
        button.addEventListener("click", function () {
          if (q.classList.contains("is-answered")) return;
          var right = button.dataset.choice === q.dataset.answer;
          q.classList.add("is-answered", right ? "is-right" : "is-wrong");
          button.classList.add(right ? "is-right" : "is-wrong");
          q.querySelectorAll(".rb-q__choice").forEach(function (b) {
            if (b.dataset.choice === q.dataset.answer) b.classList.add("is-right");
            b.disabled = true;
          });
          var feedback = q.querySelector(".rb-q__feedback");
          feedback.querySelector(".rb-q__verdict").textContent = right ? "Correct." : "Not quite.";
          feedback.hidden = false;
          update();
        });
      });
    });
    root.querySelector(".rb-quiz__reset").addEventListener("click", function () {
      questions.forEach(function (q) {
        q.classList.remove("is-answered", "is-right", "is-wrong");
        q.querySelector(".rb-q__feedback").hidden = true;
        q.querySelectorAll(".rb-q__choice").forEach(function (b) {
          b.disabled = false; b.classList.remove("is-right", "is-wrong");
        });
      });
      update();
    });
  }
  function init() { document.querySelectorAll(".rb-quiz").forEach(setup); }
  if (typeof document$ !== "undefined") document$.subscribe(init); else document.addEventListener("DOMContentLoaded", init);
})();

// Onboarding checklist: ticks kept in this browser (localStorage), per post; nothing is sent anywhere.
(function () {
  function setup(list) {
    if (list.dataset.ready) return;
    list.dataset.ready = "1";
    var key = list.dataset.storageKey, saved = {};
    try { saved = JSON.parse(localStorage.getItem(key) || "{}"); } catch (e) { saved = {}; }
    list.querySelectorAll(".rb-check").forEach(function (box, i) {
      box.checked = !!saved[i];
      box.addEventListener("change", function () {
        saved[i] = box.checked;
        try { localStorage.setItem(key, JSON.stringify(saved)); } catch (e) { /* private mode: ticks last the visit */ }
      });
    });
  }
  function init() { document.querySelectorAll(".rb-checklist[data-storage-key]").forEach(setup); }
  if (typeof document$ !== "undefined") document$.subscribe(init); else document.addEventListener("DOMContentLoaded", init);
})();
