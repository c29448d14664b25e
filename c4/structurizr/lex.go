package structurizr

// Lex splits src into tokens the way Parse does and returns how many there
// are, without parsing them or following includes. It is the least any
// reader of the file pays: archdrift's benchmarks (bench/) compare a full
// check against it. Errors are syntax errors with a position.
func Lex(name string, src []byte) (tokens int, err error) {
	budget := maxTokens
	l := newLexer(name, decodeSource(src), &budget)
	for {
		t, err := l.next()
		if err != nil {
			return tokens, err
		}
		if t.kind == tokEOF {
			return tokens, nil
		}
		tokens++
	}
}
