# kind: syntax
# message: else
else { out a = 1 }
