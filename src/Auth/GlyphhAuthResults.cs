using Glyphh.Auth.Authorization.Internal;
using Glyphh.Auth.Problems.Internal;
using Microsoft.AspNetCore.Http;

namespace Glyphh.Auth;

/// <summary>Results for endpoint code that checks permissions itself (e.g. on a namespace taken from the request body).</summary>
public static class GlyphhAuthResults
{
    /// <summary>
    /// A 403 <c>forbidden</c> problem naming <paramref name="namespace"/> and <paramref name="permission"/>, the same answer the
    /// <c>RequireNamespacePermission</c> convention gives.
    /// </summary>
    /// <param name="namespace">The namespace the caller lacks the permission on.</param>
    /// <param name="permission">The missing permission.</param>
    /// <returns>An <see cref="IResult"/> writing <c>application/problem+json</c>.</returns>
    public static IResult Forbidden(string @namespace, NamespacePermission permission)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        return new ForbiddenResult(@namespace, permission);
    }

    private sealed class ForbiddenResult(string @namespace, NamespacePermission permission) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var verb = GlyphhAuthorizationHandler.Verb(permission);
            return ProblemWriter.WriteAsync(httpContext, StatusCodes.Status403Forbidden, AuthErrorCodes.Forbidden, "Forbidden",
                $"The caller has no '{verb}' permission on namespace '{@namespace}'.", ("namespace", @namespace), ("permission", verb));
        }
    }
}
