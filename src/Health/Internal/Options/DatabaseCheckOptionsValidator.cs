using Microsoft.Extensions.Options;

namespace Glyphh.Health.Internal.Options;

/// <summary>Data annotations of <see cref="DatabaseCheckOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class DatabaseCheckOptionsValidator : IValidateOptions<DatabaseCheckOptions>;
