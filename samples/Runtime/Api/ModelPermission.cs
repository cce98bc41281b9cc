namespace Glyphh.Runtime.Api;

/// <summary>The contract's per-namespace permissions.</summary>
internal enum ModelPermission
{
    Read,
    Write,
    Admin,
}
