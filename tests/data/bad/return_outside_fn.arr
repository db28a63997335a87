# kind: semantic
# message: return
return 1
