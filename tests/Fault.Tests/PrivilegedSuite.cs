namespace Glyphh.Fault.Tests;

/// <summary>
/// The trait of tests that need privileges a developer laptop or a containerised runner does not give (mounting a file
/// system). `./build.sh test` filters them out; `./build.sh test-privileged` runs exactly them and fails if there are none.
/// </summary>
internal static class PrivilegedSuite
{
    public const string Category = "Privileged";
}
