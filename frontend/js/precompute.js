// Precompute progress: fetches the job every second and updates the bar, counts, ETA and the cancel/resume
// buttons in place (no full reload); polls while the job is queued or running (resume reloads the page).
(function () {
  var root = document.getElementById('job');
  if (!root) { return; }
  var source = root.getAttribute('data-source');

  function set(field, text) {
    var el = root.querySelector('[data-field="' + field + '"]');
    if (el) { el.textContent = text; }
  }
  function eta(seconds) {
    if (seconds === null || seconds === undefined) { return '–'; }
    var s = Math.round(seconds);
    return s < 60 ? s + ' s' : Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  }
  function render(job) {
    var bar = document.getElementById('job-progress');
    bar.max = Math.max(job.total, 1);
    bar.value = job.done + job.failed;
    bar.textContent = job.done + ' of ' + job.total;
    set('done', String(job.done));
    set('total', String(job.total));
    set('failed', String(job.failed));
    set('status', job.status);
    set('eta', job.status === 'done' ? 'finished' : eta(job.etaSeconds));
    set('error', job.error || '');
    root.querySelectorAll('form[data-when]').forEach(function (f) {
      f.hidden = f.getAttribute('data-when').split(' ').indexOf(job.status) < 0;
    });
  }
  function tick() {
    fetch(source, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (job) {
        render(job);
        if (job.status === 'queued' || job.status === 'running') { setTimeout(tick, 1000); }
      })
      .catch(function () { set('eta', 'update failed; retrying'); setTimeout(tick, 5000); });
  }
  tick();
}());
