// Study wizard: take keyboard focus to the list of refused fields (or of design warnings, or the preview of the
// trial lists), and while a study is being created say so and
// keep the create button from sending the form twice.
document.addEventListener('DOMContentLoaded', function () {
  var errors = document.getElementById('wizard-errors') || document.getElementById('spec-warnings')
    || document.getElementById('lists-preview');
  if (errors) { errors.focus(); }
  var form = document.querySelector('form.xc-wizard');
  var status = document.getElementById('wizard-status');
  if (!form || !status) { return; }
  form.addEventListener('submit', function (event) {
    var button = event.submitter;
    if (!button || (button.value !== 'create' && button.value !== 'create-anyway')) { return; }
    status.textContent = 'Computing the explanations and creating the study…';
    setTimeout(function () { button.disabled = true; }, 0);
  });
});
