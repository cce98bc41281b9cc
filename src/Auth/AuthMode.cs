namespace Glyphh.Auth;

/// <summary>How requests authenticate (<c>AUTH_MODE</c>).</summary>
public enum AuthMode
{
    /// <summary>Authentication is off: every request acts as a local platform admin. For local deployments only.</summary>
    None,

    /// <summary>A JWT bearer token is required (<c>Authorization: Bearer &lt;token&gt;</c>).</summary>
    Jwt,

    /// <summary>An API key is required (<c>X-API-Key: &lt;key&gt;</c> or <c>Authorization: ApiKey &lt;key&gt;</c>).</summary>
    ApiKey,

    /// <summary>Either a JWT bearer token or an API key is accepted.</summary>
    Both,
}
