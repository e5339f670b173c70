using Gateway.Contracts.Identity;
using Xunit;

namespace Gateway.Tests.Contracts;

public class ResidentIdNumberChecks
{
    [Theory]
    [InlineData("11010519491231002X")] // the standard's own example, check character X
    [InlineData("440524188001010014")]
    [InlineData("410702199003071233")]
    public void Should_accept_numbers_with_a_correct_check_character(string number) =>
        Assert.Null(ResidentIdNumber.Validate(number));

    [Fact]
    public void Should_compute_the_check_character_of_the_standard_example()
    {
        Assert.Equal('X', ResidentIdNumber.CheckCharacter("11010519491231002"));
        Assert.Null(ResidentIdNumber.Validate("11010519491231002X"));
        Assert.Null(ResidentIdNumber.Validate("11010519491231002x"));
    }

    [Theory]
    [InlineData("110105194912310021", "check digit")]
    [InlineData("11010519491231002", "18 characters")]
    [InlineData("1101051949123100AX", "17 digits")]
    [InlineData("110105194913310029", "birth date")]
    [InlineData("", "required")]
    public void Should_refuse_malformed_numbers_with_a_reason(string number, string reason)
    {
        Assert.Contains(reason, ResidentIdNumber.Validate(number));
    }
}

public class UnifiedSocialCreditCodeChecks
{
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000600037341L")]
    public void Should_accept_real_codes(string code) => Assert.Null(UnifiedSocialCreditCode.Validate(code));

    [Theory]
    [InlineData("91350100M000100Y44", "check character")]
    [InlineData("91350100M000100Y4", "18 characters")]
    [InlineData("91350100M000100I43", "'I'")]
    public void Should_refuse_wrong_codes_with_a_reason(string code, string reason) =>
        Assert.Contains(reason, UnifiedSocialCreditCode.Validate(code));
}

public class PhoneAndMaskingRules
{
    [Theory]
    [InlineData("13800138000", true)]
    [InlineData("0373-3021234", true)]
    [InlineData("03733021234", true)]
    [InlineData("12800138000", false)]
    [InlineData("1380013800", false)]
    [InlineData("+8613800138000", false)]
    public void Should_accept_mainland_mobile_and_fixed_line_numbers_only(string phone, bool valid) =>
        Assert.Equal(valid, PhoneNumber.Validate(phone) is null);

    [Fact]
    public void Should_mask_all_but_the_ends_of_personal_numbers()
    {
        Assert.Equal("1101************2X", Masking.IdNumber("11010519491231002X"));
        Assert.Equal("138****8000", Masking.Phone("13800138000"));
        Assert.DoesNotContain("19491231", Masking.IdNumber("11010519491231002X"));
    }
}
