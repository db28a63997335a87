# kind: syntax
# message: }
}
out a = 1
