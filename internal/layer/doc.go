// Package layer writes the Lambda layer zip: the extension binary under
// extensions/, the exec wrapper at the root, and the default rule bundle as
// ordinary files users can copy. Modes are set explicitly in the zip so the
// layer does not depend on the build machine's umask.
package layer
