// The items of a list of configuration issues: each names its JSON path ("$.moodle.url") in a
// <code class="issue-path"> and says what is wrong there.

export function issueItems(issues) {
  return issues.map(({ path, message }) => {
    const item = document.createElement('li');
    const code = document.createElement('code');
    code.className = 'issue-path';
    code.textContent = path || '$';  // "$" is the document itself, as the core names it
    item.append(code, ' ', message);
    return item;
  });
}
