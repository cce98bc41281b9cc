using System.Security.Claims;
using Glyphh.Auth.Authorization.Internal;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>A claims identity that carries its parsed namespace grants, so authorization does not re-parse claims per check.</summary>
internal sealed class GlyphhIdentity : ClaimsIdentity
{
    public GlyphhIdentity(IEnumerable<Claim> claims, string authenticationType, NamespaceGrants grants)
        : base(claims, authenticationType, GlyphhAuthDefaults.SubjectClaim, "role")
    {
        Grants = grants;
    }

    private GlyphhIdentity(GlyphhIdentity other)
        : base(other)
    {
        Grants = other.Grants;
    }

    public NamespaceGrants Grants { get; }

    public override ClaimsIdentity Clone() => new GlyphhIdentity(this);
}
