namespace Glyphh.Auth.Authorization.Internal;

/// <summary>Verbs held on one namespace.</summary>
[Flags]
internal enum PermissionSet
{
    None = 0,
    Read = 1,
    Write = 2,
    Admin = 4,
}
