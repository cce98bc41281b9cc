using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace Glyphh.Auth.Tests.Infrastructure;

/// <summary>What an endpoint sees of authentication, as text two hosts' answers can be compared by.</summary>
internal static class EndpointView
{
    public static string Describe(HttpContext context, params string[] more)
    {
        var user = context.User;
        var result = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult;
        return string.Join("\n",
        [
            $"authenticated={user.Identity?.IsAuthenticated} type={user.Identity?.AuthenticationType} identities={user.Identities.Count()}",
            $"result={result?.Succeeded} scheme={result?.Ticket?.AuthenticationScheme} same-user={ReferenceEquals(result?.Principal, user)}",
            $"http-feature-user={ReferenceEquals(context.Features.Get<IHttpAuthenticationFeature>()?.User, user)}",
            $"original-path={context.Features.Get<IAuthenticationFeature>()?.OriginalPath}",
            .. more,
            .. user.Claims.Select(c => $"{c.Type}={c.Value} ({c.ValueType}, {c.Issuer})"),
        ]);
    }
}
