// The plan view alone on a page, for the browser tests: window.showPlan(plan, digest) renders a
// plan; window.showSyntheticPlan(n, digest) renders n synthetic entities made in the page and
// answers how long rendering took until the next frame.
import { renderPlanView } from '../../js/web/plan-view/plan-view.mjs';
import { syntheticPlan } from './synthetic-plan.mjs';

const root = document.getElementById('plan-root');
let view = null;

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

window.showPlan = (plan, digest) => {
  view?.destroy();
  view = renderPlanView(root, { plan, digest });
};

window.showSyntheticPlan = async (n, digest) => {
  const plan = syntheticPlan(n);
  view?.destroy();
  const start = performance.now();
  view = renderPlanView(root, { plan, digest });
  await nextFrame();
  return { ms: performance.now() - start };
};

// Scrolls the table from top to bottom in `steps` frames: the mean and worst time of a frame, and
// how many tasks took longer than 50 ms (the browser's "long tasks", which a user feels as jank).
window.scrollThrough = async (steps) => {
  const viewport = document.querySelector('#plan-table .pv-viewport');
  let longTasks = 0;
  const observer = new PerformanceObserver((list) => { longTasks += list.getEntries().length; });
  observer.observe({ entryTypes: ['longtask'] });
  const times = [];
  let last = performance.now();
  for (let i = 1; i <= steps; i++) {
    viewport.scrollTop = (viewport.scrollHeight - viewport.clientHeight) * (i / steps);
    await nextFrame();
    const now = performance.now();
    times.push(now - last);
    last = now;
  }
  observer.takeRecords().forEach(() => { longTasks += 1; });
  observer.disconnect();
  return { mean: times.reduce((a, b) => a + b, 0) / times.length, worst: Math.max(...times), longTasks };
};

window.planViewReady = true;
