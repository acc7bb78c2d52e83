// Progressive enhancement: reports how long this page was in front of the reader (visible, in use).
// Without JavaScript nothing changes; the visit duration never depends on this.
(() => {
  const script = document.currentScript;
  const token = script?.dataset.pageview;
  if (!token || !navigator.sendBeacon) return;
  const IDLE_MS = 30000;
  let engaged = 0;
  let since = null;
  let lastActivity = Date.now();

  const start = () => {
    if (since === null && document.visibilityState === 'visible') since = Date.now();
  };
  // Time after the last activity counts only up to the idle limit.
  const stop = () => {
    if (since === null) return;
    engaged += Math.max(0, Math.min(Date.now(), lastActivity + IDLE_MS) - since);
    since = null;
  };
  const activity = () => {
    const now = Date.now();
    if (since !== null && now - lastActivity > IDLE_MS) stop();
    lastActivity = now;
    start();
  };
  const send = () => {
    stop();
    if (engaged < 1000) return;
    navigator.sendBeacon(
      '/analytics/engagement',
      new URLSearchParams({ pv: token, ms: String(Math.round(engaged)) }),
    );
    engaged = 0;
  };

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') send();
    else activity();
  });
  window.addEventListener('pagehide', send);
  for (const type of ['pointerdown', 'pointermove', 'keydown', 'scroll', 'wheel', 'touchstart'])
    window.addEventListener(type, activity, { passive: true });
  start();
})();
