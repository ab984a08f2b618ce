/**
 * The Cognito group whose members are admins. Its own module so that handlers checking it do not
 * pull the token verifier (aws-jwt-verify) into their bundles.
 */
export const ADMIN_GROUP = 'admin';
