package engine

// Walking JSON that is known to be valid (scanJSON said so), without
// decoding what is only passed over: a string value is never unescaped to be
// skipped, so a member holding a 6 MiB body costs a scan, not a copy.

// valueEnd returns the offset after the valid JSON value starting at s[i].
func valueEnd(s string, i int) int {
	switch s[i] {
	case '"':
		return stringClose(s, i+1)
	case '{', '[':
		depth := 0
		for ; i < len(s); i++ {
			switch s[i] {
			case '"':
				i = stringClose(s, i+1) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return i + 1
				}
			}
		}
		return i
	}
	for i < len(s) && !jsonSpaceByte(s[i]) && s[i] != ',' && s[i] != '}' && s[i] != ']' {
		i++
	}
	return i
}

// stringClose returns the offset after the quote closing the valid JSON string
// whose contents start at s[i].
func stringClose(s string, i int) int {
	for i < len(s) {
		if i = plainRun(s, i); i >= len(s) || s[i] == '"' {
			return i + 1
		}
		i += 2 // a backslash and the byte it escapes (\uXXXX's digits are plain)
	}
	return i
}

// eachMember calls fn with the key (unescaped) and the value span of each
// member of the valid JSON object starting at s[i], until fn returns
// false.
func eachMember(s string, i int, fn func(key string, start, end int) bool) {
	i = skipJSONSpace(s, i+1) // past '{'
	for i < len(s) && s[i] == '"' {
		k := stringClose(s, i+1)
		key := unescapeKey(s[i+1 : k-1])
		start := skipJSONSpace(s, skipJSONSpace(s, k)+1) // past ':'
		end := valueEnd(s, start)
		if !fn(key, start, end) {
			return
		}
		i = skipJSONSpace(s, end)
		if i < len(s) && s[i] == ',' {
			i = skipJSONSpace(s, i+1)
		}
	}
}

// eachElement calls fn with the span of each element of the valid JSON
// array starting at s[i], until fn returns false.
func eachElement(s string, i int, fn func(start, end int) bool) {
	i = skipJSONSpace(s, i+1) // past '['
	for i < len(s) && s[i] != ']' {
		end := valueEnd(s, i)
		if !fn(i, end) {
			return
		}
		i = skipJSONSpace(s, end)
		if i < len(s) && s[i] == ',' {
			i = skipJSONSpace(s, i+1)
		}
	}
}
