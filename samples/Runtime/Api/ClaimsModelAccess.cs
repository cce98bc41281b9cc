using Glyphh.Auth;

namespace Glyphh.Runtime.Api;

/// <summary>
/// Model permissions from the caller's Glyphh identity (JWT or API key claims; in auth mode none every request is
/// a local platform admin). The route conventions already enforce the same rule; this answers the checks on
/// names that are not in the route (<c>POST /models</c>, the <c>GET /models</c> filter).
/// </summary>
internal sealed class ClaimsModelAccess : IModelAccess
{
    public Task<IResult?> CheckAsync(HttpContext context, string model, ModelPermission permission)
    {
        var needed = ToAuth(permission);
        return Task.FromResult(context.User.HasNamespacePermission(model, needed) ? null : GlyphhAuthResults.Forbidden(model, needed));
    }

    public Task<bool> CanReadAsync(HttpContext context, string model) =>
        Task.FromResult(context.User.HasNamespacePermission(model, NamespacePermission.Read));

    public static NamespacePermission ToAuth(ModelPermission permission) => permission switch
    {
        ModelPermission.Read => NamespacePermission.Read,
        ModelPermission.Write => NamespacePermission.Write,
        _ => NamespacePermission.Admin,
    };
}
