using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Glyphh.Auth.Authorization.Internal;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>
/// A claims identity that carries its parsed namespace grants, so authorization does not re-parse claims per check.
/// A shared one (the principal of a cached token, served to every request with that token) refuses changes: a claim
/// added in one request would otherwise reach the next; <see cref="Clone"/> gives a private, changeable copy.
/// </summary>
internal sealed class GlyphhIdentity : ClaimsIdentity
{
    public const string SharedMessage = "The identity of a cached token is shared between requests and read-only: Clone() the principal to change it.";

    public GlyphhIdentity(IEnumerable<Claim> claims, string authenticationType, NamespaceGrants grants, bool shared = false)
        : base(claims, authenticationType, GlyphhAuthDefaults.SubjectClaim, "role")
    {
        Grants = grants;
        IsShared = shared;
    }

    private GlyphhIdentity(GlyphhIdentity other)
        : base(other)
    {
        Grants = other.Grants;
    }

    public NamespaceGrants Grants { get; }

    public bool IsShared { get; }

    public override ClaimsIdentity Clone() => new GlyphhIdentity(this);

    public override void AddClaim(Claim claim)
    {
        ThrowIfShared();
        base.AddClaim(claim);
    }

    public override void AddClaims(IEnumerable<Claim?> claims)
    {
        ThrowIfShared();
        base.AddClaims(claims);
    }

    public override void RemoveClaim(Claim? claim)
    {
        ThrowIfShared();
        base.RemoveClaim(claim);
    }

    public override bool TryRemoveClaim(Claim? claim)
    {
        ThrowIfShared();
        return base.TryRemoveClaim(claim);
    }

    private void ThrowIfShared()
    {
        if (IsShared)
        {
            throw new InvalidOperationException(SharedMessage);
        }
    }
}

/// <summary>The shared, read-only principal of a cached token: no identity can be added; <see cref="Clone"/> copies deeply.</summary>
internal sealed class SharedGlyphhPrincipal : ClaimsPrincipal
{
    public SharedGlyphhPrincipal(GlyphhIdentity identity)
        : base(identity)
    {
        Unchanged = Task.FromResult<ClaimsPrincipal>(this);
    }

    /// <summary>This principal as a completed task: what a no-op claims transformation returns for it.</summary>
    public Task<ClaimsPrincipal> Unchanged { get; }

    /// <summary>The one completed authentication result that carries this principal (set once, right after construction).</summary>
    public Task<AuthenticateResult>? Result { get; set; }

    public override void AddIdentity(ClaimsIdentity identity) => throw new InvalidOperationException(GlyphhIdentity.SharedMessage);

    public override void AddIdentities(IEnumerable<ClaimsIdentity> identities) => throw new InvalidOperationException(GlyphhIdentity.SharedMessage);

    // The base would copy the identity references, leaving the copy read-only.
    public override ClaimsPrincipal Clone() => new(Identities.Select(i => i.Clone()));
}
