namespace Glyphh.Auth;

/// <summary>A permission on a namespace (a model). <see cref="Admin"/> implies <see cref="Read"/> and <see cref="Write"/>.</summary>
public enum NamespacePermission
{
    /// <summary>Read the namespace and its items (<c>read</c>).</summary>
    Read,

    /// <summary>Create and change items in the namespace (<c>write</c>).</summary>
    Write,

    /// <summary>Administer the namespace, e.g. delete it (<c>admin</c>); implies read and write.</summary>
    Admin,
}
