using Microsoft.Extensions.Options;

namespace Glyphh.Quotas.Internal;

/// <summary>Checks the DataAnnotations of <see cref="QuotaOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class QuotaOptionsValidator : IValidateOptions<QuotaOptions>;
