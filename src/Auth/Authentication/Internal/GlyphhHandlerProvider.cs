using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>
/// The framework's handler provider (one per request: each scheme's handler made and initialized once, on first use),
/// holding the first scheme's handler in fields: a request that uses one scheme, as nearly every request here does,
/// needs no dictionary. Further schemes go into one, as in <see cref="AuthenticationHandlerProvider"/>.
/// </summary>
internal sealed class GlyphhHandlerProvider : IAuthenticationHandlerProvider
{
    private readonly IAuthenticationSchemeProvider _schemes;
    private string? _firstName;
    private Task<IAuthenticationHandler?>? _first;
    private Dictionary<string, Task<IAuthenticationHandler?>>? _more;

    public GlyphhHandlerProvider(IAuthenticationSchemeProvider schemes) => _schemes = schemes;

    public Task<IAuthenticationHandler?> GetHandlerAsync(HttpContext context, string authenticationScheme)
    {
        if (_first is not null && string.Equals(_firstName, authenticationScheme, StringComparison.Ordinal))
        {
            return _first;
        }

        if (_more is not null && _more.TryGetValue(authenticationScheme, out var known))
        {
            return known;
        }

        return CreateAsync(context, authenticationScheme);
    }

    // Not async when the scheme lookup and the handler's initialization complete at once (the usual case): one task.
    private Task<IAuthenticationHandler?> CreateAsync(HttpContext context, string name)
    {
        var lookup = _schemes.GetSchemeAsync(name);
        if (!lookup.IsCompletedSuccessfully)
        {
            return CreateSlowAsync(context, name, lookup);
        }

        if (lookup.Result is not { } scheme || Make(context, scheme) is not { } handler)
        {
            return Task.FromResult<IAuthenticationHandler?>(null);
        }

        var initialized = handler.InitializeAsync(scheme, context);
        return initialized.IsCompletedSuccessfully ? Keep(name, handler) : InitializeSlowAsync(context, name, scheme, handler, initialized);
    }

    private async Task<IAuthenticationHandler?> CreateSlowAsync(HttpContext context, string name, Task<AuthenticationScheme?> lookup)
    {
        if (await lookup.ConfigureAwait(false) is not { } scheme || Make(context, scheme) is not { } handler)
        {
            return null;
        }

        await handler.InitializeAsync(scheme, context).ConfigureAwait(false);
        return await Keep(name, handler).ConfigureAwait(false);
    }

    private async Task<IAuthenticationHandler?> InitializeSlowAsync(HttpContext context, string name, AuthenticationScheme scheme, IAuthenticationHandler handler, Task initialized)
    {
        await initialized.ConfigureAwait(false);
        return await Keep(name, handler).ConfigureAwait(false);
    }

    private static IAuthenticationHandler? Make(HttpContext context, AuthenticationScheme scheme)
    {
        var services = context.RequestServices;
        return (services.GetService(scheme.HandlerType) ?? ActivatorUtilities.CreateInstance(services, scheme.HandlerType)) as IAuthenticationHandler;
    }

    /// <summary>Kept only once initialized, as the framework does: a handler whose initialization threw is made again.</summary>
    private Task<IAuthenticationHandler?> Keep(string name, IAuthenticationHandler handler)
    {
        var made = Task.FromResult<IAuthenticationHandler?>(handler);
        if (_first is null)
        {
            _firstName = name;
            _first = made;
        }
        else
        {
            (_more ??= new(StringComparer.Ordinal))[name] = made;
        }

        return made;
    }
}
