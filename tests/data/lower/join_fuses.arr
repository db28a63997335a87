# concatenate, pad and diff of stored arrays rewrite index maps: one kernel, no temporary.
# kernels: 1 Concatenate, pad and diff rewrite index maps and fuse into one kernel.
input u: [4]
out y = concatenate([pad(u, 1, mode="edge"), diff(u)]) * 2
