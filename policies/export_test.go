package policies

// InputValue lets the external tests compare inputValue with the JSON round
// trip on real check inputs.
var InputValue = inputValue
