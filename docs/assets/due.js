// Due-date calculator on procedure pages. The counting rules are indexer/calendar.py's (tested to agree):
// the day of acceptance is not counted; working days skip holidays and count make-up working days;
// natural days and months end on the next working day when they end on a rest day.
// Data (calendar and schedule) comes from the page's <script type="application/json">, so it works from file://.
(function () {
  var DAY = 86400000;

  function iso(d) { return d.toISOString().slice(0, 10); }
  function parse(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!m) return null;
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return iso(d) === text ? d : null;
  }
  function plus(d, days) { return new Date(d.getTime() + days * DAY); }

  function Outside(year) { this.year = year; }

  function Calendar(data) {
    this.years = {}; this.holidays = {}; this.workdays = {};
    var self = this;
    data.years.forEach(function (y) { self.years[y] = true; });
    data.holidays.forEach(function (d) { self.holidays[d] = true; });
    data.workdays.forEach(function (d) { self.workdays[d] = true; });
    this.first = Math.min.apply(null, data.years);
    this.last = Math.max.apply(null, data.years);
  }
  Calendar.prototype.isWorking = function (d) {
    if (!this.years[d.getUTCFullYear()]) throw new Outside(d.getUTCFullYear());
    var key = iso(d), wd = d.getUTCDay();
    if (this.workdays[key]) return true;
    return wd !== 0 && wd !== 6 && !this.holidays[key];
  };
  Calendar.prototype.nextWorking = function (d) {
    while (!this.isWorking(d)) d = plus(d, 1);
    return d;
  };
  Calendar.prototype.addWorking = function (d, n) {
    while (n > 0) { d = plus(d, 1); if (this.isWorking(d)) n -= 1; }
    return d;
  };
  function addMonths(d, n) {
    var index = d.getUTCMonth() + n, year = d.getUTCFullYear() + Math.floor(index / 12), month = index % 12;
    var last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    return new Date(Date.UTC(year, month, Math.min(d.getUTCDate(), last)));
  }
  Calendar.prototype.due = function (start, limit) {
    switch (limit.unit) {
      case "immediate": return start;
      case "hours": return plus(start, Math.floor(limit.amount / 24));
      case "working_days":
        if (!this.years[start.getUTCFullYear()]) throw new Outside(start.getUTCFullYear());
        return this.addWorking(start, Math.ceil(limit.amount));
      case "calendar_days": return this.nextWorking(plus(start, Math.ceil(limit.amount)));
      default: return this.nextWorking(addMonths(start, Math.ceil(limit.amount)));
    }
  };

  function compute(cal, plan, accepted) {
    var out = { steps: [], stages: [] }, start = accepted;
    plan.steps.forEach(function (s) { start = cal.due(start, s.limit); out.steps.push(start); });
    plan.stages.forEach(function (s) {
      var begin = s.after_step && s.after_step <= out.steps.length ? out.steps[s.after_step - 1] : out.steps[out.steps.length - 1];
      out.stages.push(cal.due(begin, s.limit));
    });
    out.committed = cal.due(accepted, plan.committed);
    out.statutory = cal.due(accepted, plan.statutory);
    var extra = plan.stages.filter(function (s) { return !s.counts; });
    if (extra.length) {
      var c = out.committed, t = out.statutory;
      extra.forEach(function (s) { c = cal.due(c, s.limit); t = cal.due(t, s.limit); });
      out.committed_with_stages = c; out.statutory_with_stages = t;
    }
    return out;
  }

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var data = JSON.parse(root.querySelector(".rb-due__data").textContent);
    var cal = new Calendar(data.calendar);
    var form = root.querySelector(".rb-due__form"), error = root.querySelector(".rb-due__error");
    var tableEl = root.querySelector(".rb-due__table");
    function cellOf(selector) { return root.querySelector(selector + " .rb-due__date"); }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      error.hidden = true; tableEl.hidden = true;
      var accepted = parse(form.elements.accepted.value);
      if (!accepted) { error.textContent = root.dataset.msgInvalid; error.hidden = false; return; }
      var result;
      try { result = compute(cal, data.schedule, accepted); }
      catch (e) {
        if (!(e instanceof Outside)) throw e;
        error.textContent = root.dataset.msgOutside.split("{year}").join(String(e.year))
          .split("{first}").join(String(cal.first)).split("{last}").join(String(cal.last));
        error.hidden = false;
        return;
      }
      result.steps.forEach(function (d, i) { cellOf('[data-step="' + (i + 1) + '"]').textContent = iso(d); });
      result.stages.forEach(function (d, i) { cellOf('[data-stage="' + i + '"]').textContent = iso(d); });
      ["committed", "statutory", "committed_with_stages", "statutory_with_stages"].forEach(function (key) {
        var cell = cellOf('[data-deadline="' + key + '"]');
        if (cell && result[key]) cell.textContent = iso(result[key]);
      });
      tableEl.hidden = false;
    });
  }
  function init() { document.querySelectorAll(".rb-due").forEach(setup); }
  if (typeof document$ !== "undefined") document$.subscribe(init); else document.addEventListener("DOMContentLoaded", init);
})();
