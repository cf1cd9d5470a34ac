// liantu: a little progressive enhancement, nothing required for the pages to work.
(function () {
  // The stylesheet folds the menu on narrow screens only when this script runs.
  document.documentElement.classList.add('js');
  var toggle = document.getElementById('menu-toggle');
  var menu = document.getElementById('menu');
  if (toggle && menu) {
    var setOpen = function (open) {
      menu.classList.toggle('open', open);
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    };
    toggle.addEventListener('click', function () {
      setOpen(!menu.classList.contains('open'));
    });
    menu.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && menu.classList.contains('open')) { setOpen(false); toggle.focus(); }
    });
  }

  // Changing the chain filter clears the node filter (nodes belong to a chain).
  var form = document.getElementById('enterprise-filters');
  if (form) {
    var chain = form.querySelector('select[name=chain]');
    var node = form.querySelector('select[name=node]');
    if (chain) chain.addEventListener('change', function () {
      if (node) node.value = '';
      form.submit();
    });
  }

  // Choosing in a filter shows the result at once (the pages also work with the button).
  document.querySelectorAll('select[data-autosubmit]').forEach(function (s) {
    s.addEventListener('change', function () { s.form.submit(); });
  });

  // Deleting asks first.
  document.querySelectorAll('form[data-confirm]').forEach(function (f) {
    f.addEventListener('submit', function (e) {
      if (!window.confirm(f.getAttribute('data-confirm'))) e.preventDefault();
    });
  });
})();
