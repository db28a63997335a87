# statements separated by newlines and semicolons; empty statements allowed

;; let a = 1; let b = 2
out a;
