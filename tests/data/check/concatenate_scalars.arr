out c = concatenate([1, 2])
