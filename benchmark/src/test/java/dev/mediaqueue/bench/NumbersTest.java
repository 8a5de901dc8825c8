package dev.mediaqueue.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NumbersTest {

    @Test
    void figuresKeepAboutThreeSignificantDigits() {
        assertThat(Numbers.format(12_345.6)).isEqualTo("12,346");
        assertThat(Numbers.format(123.4)).isEqualTo("123");
        assertThat(Numbers.format(12.34)).isEqualTo("12.3");
        assertThat(Numbers.format(1.234)).isEqualTo("1.23");
        assertThat(Numbers.format(0.1234)).isEqualTo("0.12");
        assertThat(Numbers.format(0.01234)).isEqualTo("0.012");
    }

    @Test
    void wholeNumbersHaveNoDecimals() {
        assertThat(Numbers.format(0)).isEqualTo("0");
        assertThat(Numbers.format(5)).isEqualTo("5");
        assertThat(Numbers.format(1000)).isEqualTo("1,000");
    }
}
