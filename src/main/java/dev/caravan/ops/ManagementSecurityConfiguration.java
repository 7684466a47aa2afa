package dev.caravan.ops;

import java.io.IOException;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The management port (actuator, Hawtio): {@code /actuator/health} answers everyone (details only after login);
 * everything else needs the admin login ({@code caravan.management.username/password}), by form (the console) or
 * HTTP Basic (scrapers, scripts). The console is a single-page application, so the CSRF token travels in a cookie
 * that its scripts read. Repeated failed logins lock an address out ({@link ManagementLoginLockout}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class ManagementSecurityConfiguration {

    @Bean
    SecurityFilterChain managementSecurity(HttpSecurity http, ManagementLoginLockout lockout) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole("ADMIN"))
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new SpaCsrfTokenRequestHandler())
                        // scripts and scrapers authenticate with Basic on every call: no session to forge
                        .ignoringRequestMatchers(request -> request.getHeader("Authorization") != null))
                .addFilterBefore(lockout.filter(), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class);
        return http.build();
    }

    /** Used by the management login only (see {@link ManagementPasswordEncoder} for why not BCrypt). */
    @Bean
    PasswordEncoder managementPasswordEncoder() {
        return new ManagementPasswordEncoder();
    }

    @Bean
    UserDetailsService managementUsers(@Value("${caravan.management.username}") String username,
                                       @Value("${caravan.management.password}") String password,
                                       PasswordEncoder encoder) {
        if (!StringUtils.hasText(username) || !StringUtils.hasText(password)) {
            throw new IllegalStateException("caravan.management.username and password must be set");
        }
        return new InMemoryUserDetailsManager(User.withUsername(username).password(encoder.encode(password))
                .roles("ADMIN").build());
    }

    /** Reads the token from the header the console sends, or from a form field, with BREACH protection. */
    static final class SpaCsrfTokenRequestHandler extends CsrfTokenRequestAttributeHandler {

        private final CsrfTokenRequestHandler xor = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            xor.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            return StringUtils.hasText(request.getHeader(token.getHeaderName()))
                    ? super.resolveCsrfTokenValue(request, token)
                    : xor.resolveCsrfTokenValue(request, token);
        }
    }

    /** Makes the deferred CSRF token load, so that its cookie is set on every response. */
    static final class CsrfCookieFilter extends OncePerRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
