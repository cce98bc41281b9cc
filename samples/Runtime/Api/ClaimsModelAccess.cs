using Glyphh.Auth;

namespace Glyphh.Runtime.Api;

/// <summary>
/// Model permissions from the caller's Glyphh identity (JWT or API key claims; in auth mode none every request is
/// a local platform admin) for names that are not in the route (<c>POST /models</c>, the <c>GET /models</c> filter).
/// </summary>
internal sealed class ClaimsModelAccess : IModelAccess
{
    public Task<IResult?> CheckAsync(HttpContext context, string model, NamespacePermission permission) =>
        Task.FromResult(context.User.HasNamespacePermission(model, permission) ? null : GlyphhAuthResults.Forbidden(model, permission));

    public Task<bool> CanReadAsync(HttpContext context, string model) =>
        Task.FromResult(context.User.HasNamespacePermission(model, NamespacePermission.Read));
}
