// Shows the print button only when JavaScript can print; without it, the browser's own print works.
for (const button of document.querySelectorAll('[data-statistics-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}
