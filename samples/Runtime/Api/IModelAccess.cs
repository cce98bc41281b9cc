using Glyphh.Auth;

namespace Glyphh.Runtime.Api;

/// <summary>
/// Decides what the caller may do on a model named in a request body or filtered from a list; routes that name the
/// model in the path are authorized once, by their endpoint convention, and never ask this.
/// </summary>
internal interface IModelAccess
{
    /// <summary>Null when allowed, else the 401/403 problem to answer.</summary>
    Task<IResult?> CheckAsync(HttpContext context, string model, NamespacePermission permission);

    /// <summary>Whether the caller may read the model (filters <c>GET /models</c>).</summary>
    Task<bool> CanReadAsync(HttpContext context, string model);
}
