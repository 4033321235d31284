// Package rules holds the Rego rule packs lambda-firewall ships. The default
// bundle in rules/default is embedded in the binary (Default) and also ships
// as ordinary files in the layer, for users to copy, extend or replace.
package rules
