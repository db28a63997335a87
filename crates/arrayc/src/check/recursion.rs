//! The absence of recursion: functions are inlined at each call, so a cycle in the call
//! graph is an error, reported once at the call that closes it.

use super::*;

impl<'p> Checker<'p> {
    /// Reports each cycle of the call graph once, at the call that closes it. One
    /// depth-first search over all functions: linear in the size of the call graph.
    pub(super) fn check_recursion(&mut self) {
        let mut names: Vec<String> = self.calls.keys().cloned().collect();
        names.sort();
        // 0: not visited, 1: on the current path, 2: done.
        let mut state: HashMap<String, u8> = HashMap::new();
        for start in names {
            if state.get(&start).copied().unwrap_or(0) != 0 {
                continue;
            }
            // Each frame: a function and the index of its next call to follow.
            let mut path: Vec<(String, usize)> = vec![(start.clone(), 0)];
            state.insert(start, 1);
            while let Some((function, next)) = path.last().cloned() {
                let calls = self.calls.get(&function).cloned().unwrap_or_default();
                let Some((callee, span)) = calls.get(next).cloned() else {
                    state.insert(function, 2);
                    path.pop();
                    continue;
                };
                if let Some(frame) = path.last_mut() {
                    frame.1 += 1;
                }
                match state.get(&callee).copied().unwrap_or(0) {
                    0 => {
                        state.insert(callee.clone(), 1);
                        path.push((callee, 0));
                    }
                    1 => {
                        let first = path
                            .iter()
                            .position(|(name, _)| *name == callee)
                            .unwrap_or(0);
                        let mut cycle: Vec<String> = path[first..]
                            .iter()
                            .map(|(name, _)| format!("`{name}`"))
                            .collect();
                        cycle.push(format!("`{callee}`"));
                        self.error(
                            format!(
                                "recursion is not allowed: {} (functions are inlined at each call)",
                                cycle.join(" calls ")
                            ),
                            span,
                        );
                    }
                    _ => {}
                }
            }
        }
    }
}
