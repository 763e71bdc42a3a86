// Demo-model training: while a run is going on, fetches its state every 3 seconds and updates the state and
// progress lines in place (no full reload).
(function () {
  var root = document.getElementById('demo-training');
  if (!root) { return; }
  var source = root.getAttribute('data-source');

  function set(field, text) {
    var el = root.querySelector('[data-field="' + field + '"]');
    if (el) { el.textContent = text; }
  }
  function render(s) {
    set('state', s.state);
    set('error', s.error || '');
    var list = root.querySelector('[data-field="log"]');
    list.replaceChildren();
    s.log.forEach(function (line) {
      var li = document.createElement('li');
      li.textContent = line;
      list.appendChild(li);
    });
    var button = document.getElementById('train-demo');
    if (button) { button.disabled = s.state === 'running'; }
  }
  function tick() {
    fetch(source, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (s) {
        render(s);
        if (s.state === 'running') { setTimeout(tick, 3000); }
      })
      .catch(function () { setTimeout(tick, 10000); });
  }
  if (root.querySelector('[data-field="state"]').textContent === 'running') { setTimeout(tick, 3000); }
}());
